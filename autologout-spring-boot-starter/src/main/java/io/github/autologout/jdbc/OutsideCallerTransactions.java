package io.github.autologout.jdbc;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs autologout's writes outside any transaction a caller has open, so that each statement
 * commits on its own, as it does where no transaction is open: a caller's rollback does not undo
 * a revocation, and a row that another node wrote meanwhile (a duplicate key) cannot abort the
 * caller's transaction, which PostgreSQL does on any failed statement.
 */
final class OutsideCallerTransactions {

	private OutsideCallerTransactions() {
	}

	/**
	 * Operations that suspend the given manager's transaction, if one is open, while they run.
	 * @param transactionManager the manager of the transactions callers may have open
	 * @return the operations
	 */
	static TransactionOperations of(PlatformTransactionManager transactionManager) {
		TransactionTemplate template = new TransactionTemplate(transactionManager);
		template.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
		return template;
	}

}
